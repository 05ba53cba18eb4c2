from django.db import migrations


def forwards(apps, schema_editor):
    Directive = apps.get_model("direction", "Directive")
    for directive in Directive.objects.filter(task__isnull=True).select_related("proposal"):
        directive.task_id = directive.proposal.task_id
        directive.save(update_fields=["task"])
    # A directive recorded without its meeting came from the held meeting that had its
    # proposal on the agenda; only one with no such meeting needs a person to say where.
    AgendaItem = apps.get_model("direction", "AgendaItem")
    sourceless = Directive.objects.filter(meeting__isnull=True, source_document__isnull=True)
    for directive in sourceless:
        item = (
            AgendaItem.objects.filter(proposal_id=directive.proposal_id, meeting__status="held")
            .select_related("meeting")
            .order_by("-meeting__held_on")
            .first()
        )
        if item is not None:
            directive.meeting_id = item.meeting_id
            directive.save(update_fields=["meeting"])
    left = list(sourceless.values_list("pk", flat=True))
    if left:
        ids = ", ".join(str(pk) for pk in left)
        raise RuntimeError(
            f"Directives {ids} have neither a meeting nor a source document, and no held "
            "meeting had their proposal on its agenda. Name the meeting each came from, e.g. "
            f"UPDATE reporting_directive SET meeting_id = <meeting id> WHERE id IN ({ids}); "
            "then run the migration again."
        )
    # Proposal files move to the proposal's own attachment table; the files stay where they are.
    Attachment = apps.get_model("reporting", "Attachment")
    ProposalAttachment = apps.get_model("direction", "ProposalAttachment")
    for old in Attachment.objects.filter(proposal__isnull=False):
        new = ProposalAttachment.objects.create(
            proposal_id=old.proposal_id,
            file=old.file.name,
            original_name=old.original_name,
            content_type=old.content_type,
            size=old.size,
            uploaded_by_id=old.uploaded_by_id,
        )
        ProposalAttachment.objects.filter(pk=new.pk).update(uploaded_at=old.uploaded_at)
    Attachment.objects.filter(proposal__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("direction", "0002_directive_task_and_source"),
        ("reporting", "0003_move_out_direction_and_notifications"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
