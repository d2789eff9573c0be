"""The admin's entry for the national list of France Services (annuaire.national_import)."""

from annuaire.models.directory import Structure


class NationalListImport(Structure):
    """The structures seen through the national list: an admin page of its own for its import.

    A proxy, not a table: the import writes `Structure` rows, audited as such.
    """

    class Meta:
        proxy = True
        verbose_name = "liste nationale des France Services"
        verbose_name_plural = "liste nationale des France Services (import)"
