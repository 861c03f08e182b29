from django.shortcuts import render

from gcmreview.taxonomy.models import GuidingPrinciple, Objective, StatementType


def objectives_page(request):
    """The 23 objectives and 10 guiding principles, described in our own words."""
    return render(
        request,
        "taxonomy/objectives.html",
        {
            "objectives": Objective.objects.all(),
            "principles": GuidingPrinciple.objects.all(),
            "statement_types": StatementType.objects.all(),
            "lang": request.LANGUAGE_CODE,
        },
    )
