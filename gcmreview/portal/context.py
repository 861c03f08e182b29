from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request):
    """Links to the page being read in each of the platform's languages."""
    return {
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
            }
            for code, _name in settings.LANGUAGES
        ]
    }
