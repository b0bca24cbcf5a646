"""What the management commands tell the user."""


def report_import(command, result):
    """Write an import's summary, and each rejection with its reason, to the command's stdout."""
    imported = len(result.imported)
    command.stdout.write(
        command.style.SUCCESS(
            f"Imported {imported} article{'s' * (imported != 1)}, "
            f"{len(result.already_present)} already present, {len(result.rejected)} rejected."
        )
    )
    report_rejections(command, result)


def report_rejections(command, result):
    """Write each rejection of an import with its reason."""
    for rejection in result.rejected:
        command.stdout.write(
            command.style.WARNING(f"  Rejected {rejection.name}: {rejection.reason}")
        )
