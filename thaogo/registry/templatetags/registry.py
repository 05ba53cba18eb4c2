from django import template

register = template.Library()


@register.filter
def tree_indent(depth: int) -> str:
    """Marks before a unit's name in the tree, one per level below the top."""
    return "· " * int(depth or 0)
