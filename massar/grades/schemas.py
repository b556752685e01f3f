"""What the grades API returns. Marks and averages are strings with two decimals ("14.75"): exact decimals,
never floats; an average is rounded once, here, for display."""

from ninja import Field, Schema


class MarkOut(Schema):
    test: int = Field(description="1..12 for a test, 0 for the integrated activities.")
    value: str | None = Field(description="The mark, two decimals, out of the subject's `out_of` (20, or 10 in "
                                          "primary school); null: not entered.")
    absent: bool


class SubjectGradesOut(Schema):
    subject: str = Field(description="Subject code, e.g. MATH.")
    name: str
    out_of: int = Field(description="What the marks, the average and the class statistics are out of: 20, or 10 "
                                    "in primary school.")
    tests: list[MarkOut]
    activities: MarkOut | None
    average: str | None = Field(description="Continuous-assessment average, two decimals; null: no mark yet.")
    coefficient: str | None = Field(description="Continuous-assessment coefficient of the subject for the class.")
    class_minimum: str | None
    class_mean: str | None
    class_maximum: str | None
    statistics_out_of_date: bool = Field(
        description="A rule of this subject changed after its class statistics were computed: they are null "
                    "until the semester is closed again.")


class GeneralOut(Schema):
    available: bool
    average: str | None = Field(description="Semester general average, two decimals, when available.")
    rank: int | None = Field(description="Rank in the class (ties share a rank), when available.")
    class_size: int | None
    message: str | None = Field(description="Why there is no general average yet, for people.")
    missing_subjects: list[str] = Field(description="Codes of the subjects still missing.")


class GradesOut(Schema):
    massar_code: str
    school_year: str
    semester: int
    class_code: str | None
    out_of: int = Field(description="What the general and annual averages are out of: 20, or 10 in primary school.")
    results_out_of_date: bool = Field(
        description="A grade rule changed after the stored results were computed: the class statistics, the "
                    "general average and rank and the annual average computed with the old rule are withheld "
                    "(null) until the semester is closed again.")
    subjects: list[SubjectGradesOut] = Field(description="Published subjects only.")
    general: GeneralOut
    annual_average: str | None = Field(
        description="Annual average of the school year (the two semesters' general averages, weighted by the "
                    "year's rules), two decimals; null until both are available to the caller.")
