"""“The city's answers”: how the city keeps its promise to answer ideas, as a page and in the API.

The figures come from `ideas.answer_selectors.answer_figures` (one query); this module only
shapes them for the page and for `GET /api/v1/answers/`.
"""

from django.shortcuts import render
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ideas.answer_selectors import answer_figures
from portal.api import errors


def city_answers(request):
    figures = answer_figures()
    share = figures.share_on_time
    return render(
        request,
        "insights/city_answers.html",
        {"figures": figures, "share_percent": None if share is None else round(share * 100)},
    )


ANSWERS_OUTPUT = inline_serializer(
    "CityAnswers",
    {
        "due": serializers.IntegerField(help_text="Promises answered, or past their date unanswered."),
        "on_time": serializers.IntegerField(),
        "share_on_time": serializers.FloatField(allow_null=True),
        "waiting": serializers.IntegerField(help_text="Promises not yet due nor answered."),
        "months": inline_serializer(
            "CityAnswersMonth",
            {
                "department": serializers.CharField(),
                "month": serializers.CharField(help_text="YYYY-MM, Helsinki time."),
                "answered": serializers.IntegerField(),
                "on_time": serializers.IntegerField(),
                "median_days": serializers.FloatField(),
            },
            many=True,
        ),
        "overdue": inline_serializer(
            "CityAnswersOverdue",
            {
                "idea": serializers.IntegerField(),
                "url": serializers.CharField(),
                "title": serializers.CharField(),
                "department": serializers.CharField(),
                "due_on": serializers.DateField(),
            },
            many=True,
        ),
    },
)


class CityAnswersView(APIView):
    """The share of ideas answered on time, the median days per department and month, the overdue."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={200: ANSWERS_OUTPUT, **errors(429)}, tags=["answers"], summary="The city's answers"
    )
    def get(self, request):
        figures = answer_figures()
        return Response(
            {
                "due": figures.due,
                "on_time": figures.on_time,
                "share_on_time": figures.share_on_time,
                "waiting": figures.waiting,
                "months": [
                    {
                        "department": month.department,
                        "month": month.month.strftime("%Y-%m"),
                        "answered": month.answered,
                        "on_time": month.on_time,
                        "median_days": month.median_days,
                    }
                    for month in figures.months
                ],
                "overdue": [
                    {
                        "idea": promise.idea_id,
                        "url": request.build_absolute_uri(promise.idea.get_absolute_url()),
                        "title": promise.idea.title,
                        "department": str(promise.department),
                        "due_on": promise.due_on,
                    }
                    for promise in figures.overdue
                ],
            }
        )
