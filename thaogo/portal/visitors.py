"""Who counts as a visitor, and the pseudonym they are counted under. No cookie is used.

A visitor is the pair (network address, browser's User-Agent) on one day. It is stored only
as SHA-256 of that pair with the day's random salt; the salt is deleted when the day is
over, after which nobody, not even with the database and the secret key, can tell whose
visit a row was. See the README, "Visitor statistics".
"""

import hashlib
import re

from django.conf import settings
from django.http import HttpRequest

# Crawlers, link previewers, monitors and scripts announce themselves in the User-Agent.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|"
    r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|pingdom|uptime|monitor|"
    r"curl|wget|httpie|python|java/|go-http-client|okhttp|libwww|scrapy|node-fetch|axios|"
    r"feedfetcher|validator|zgrab|masscan|nmap",
    re.IGNORECASE,
)
NOT_COUNTED_PREFIXES = ("/app/", "/admin/", "/accounts/")


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(BOT_PATTERN.search(user_agent))


def client_address(request: HttpRequest) -> str:
    """The visitor's address: the connecting one, or behind our own HTTPS proxy the one that
    proxy appended last to X-Forwarded-For (earlier entries are whatever the client sent)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def pseudonym(*, salt: str, address: str, user_agent: str) -> str:
    material = "\x1f".join((salt, address, user_agent[:512]))
    return hashlib.sha256(material.encode()).hexdigest()
