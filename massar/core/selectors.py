from .models import SchoolYear


def school_year_current() -> SchoolYear:
    """The year marked current; raises SchoolYear.DoesNotExist before one is set up."""
    return SchoolYear.objects.get(is_current=True)
