from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "massar.schools"
    label = "schools"
    verbose_name = _("Organisation and curricula")

    def ready(self) -> None:
        from massar.access import registry
        from massar.core.models import SchoolYear, Semester

        from . import scopes
        from .models import (
            Academy,
            Cycle,
            Directorate,
            Level,
            School,
            SchoolClass,
            Stream,
            Subject,
            SubjectCoefficient,
        )

        registry.register(Academy, scopes.academies_visible_to)
        registry.register(Directorate, scopes.directorates_visible_to)
        registry.register(School, scopes.schools_visible_to)
        registry.register(SchoolClass, scopes.classes_visible_to)
        # The school years and the curriculum (coefficients included) are national reference data.
        registry.register_reference(SchoolYear, Semester, Cycle, Level, Stream, Subject, SubjectCoefficient)
