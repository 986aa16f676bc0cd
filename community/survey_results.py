"""Survey results per question: counts, percentages and averages, from the stored answers."""

from dataclasses import dataclass, field
from decimal import Decimal

from manabi.prefectures import Prefecture

CHOICE_TYPES = ("radio", "dropdown", "checkboxes", "scale5", "prefecture")
NUMERIC_TYPES = ("number", "scale5")


@dataclass
class QuestionResult:
    label: str
    field_type: str
    answered: int = 0
    counts: dict = field(default_factory=dict)  # choice label -> count
    average: Decimal | None = None
    texts: list = field(default_factory=list)

    def percentages(self):
        """(choice, count, percent of those who answered), percent to one decimal."""
        return [
            (choice, n, round(Decimal(n) * 100 / self.answered, 1) if self.answered else Decimal(0))
            for choice, n in self.counts.items()
        ]


def _choices(question):
    if question.field_type == "scale5":
        return [str(n) for n in range(1, 6)]
    if question.field_type == "prefecture":
        return None  # only the prefectures that were answered
    return [c.strip() for c in question.choices.replace(",", "\n").splitlines() if c.strip()]


def survey_results(survey):
    """One QuestionResult per question, in the survey's order."""
    questions = list(survey.questions.all())
    answers = list(
        survey.get_submission_class()
        .objects.filter(page=survey)
        .values_list("form_data", flat=True)
    )
    prefecture_labels = dict(Prefecture.choices)
    results = []
    for question in questions:
        result = QuestionResult(question.label, question.field_type)
        choices = _choices(question) if question.field_type in CHOICE_TYPES else None
        if choices is not None:
            result.counts = dict.fromkeys(choices, 0)
        numbers = []
        for data in answers:
            value = data.get(question.clean_name)
            if value in (None, "", []):
                continue
            result.answered += 1
            values = value if isinstance(value, list) else [value]
            if question.field_type in CHOICE_TYPES:
                for item in values:
                    key = (
                        prefecture_labels.get(item, item)
                        if question.field_type == "prefecture"
                        else item
                    )
                    result.counts[key] = result.counts.get(key, 0) + 1
            else:
                if question.field_type not in NUMERIC_TYPES:
                    result.texts.append(str(value))
            if question.field_type in NUMERIC_TYPES:
                numbers.append(Decimal(str(value)))
        if numbers:
            result.average = round(sum(numbers) / len(numbers), 2)
        results.append(result)
    return results
