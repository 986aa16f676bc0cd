"""schema.org ``Course`` JSON-LD for a course page (what search engines read)."""

import json

from django.utils.html import strip_tags

from ..models import Course

# schema.org courseMode values for each delivery.
COURSE_MODE = {
    Course.Delivery.ONLINE_LIVE: ["online", "synchronous"],
    Course.Delivery.ON_DEMAND: ["online", "asynchronous"],
    Course.Delivery.CLASSROOM: ["onsite"],
    Course.Delivery.HYBRID: ["blended"],
}


def iso_duration(hours):
    """Study hours as an ISO 8601 duration (PT1H30M)."""
    minutes = round(float(hours) * 60)
    hours_part, minutes_part = divmod(minutes, 60)
    return (
        "PT"
        + (f"{hours_part}H" if hours_part else "")
        + (f"{minutes_part}M" if minutes_part or not hours_part else "")
    )


def course_json_ld(course, request):
    """The schema.org Course of a listed course: provider, offer in JPY, level, time, mode."""
    url = request.build_absolute_uri(course.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": course.title,
        "description": course.summary or strip_tags(course.description)[:300],
        "inLanguage": "ja",
        "educationalLevel": str(course.get_level_display()),
        "provider": {
            "@type": "Organization",
            "name": course.partner.name,
            "sameAs": course.partner.website,
        },
        "offers": {
            "@type": "Offer",
            "category": "Free" if course.fee_type == Course.FeeType.FREE else "Paid",
            "price": course.fee_yen or 0,
            "priceCurrency": "JPY",
            "url": course.url,
        },
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": COURSE_MODE.get(course.delivery, ["online"]),
            "courseWorkload": iso_duration(course.study_hours),
        },
        "timeRequired": iso_duration(course.study_hours),
    }
    teaches = [role.name for role in course.roles.all()] + [
        category.name for category in course.skill_categories.all()
    ]
    if teaches:
        data["teaches"] = teaches
    if course.venue_prefecture:
        data["hasCourseInstance"]["location"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressRegion": course.get_venue_prefecture_display(),
                "addressCountry": "JP",
            },
        }
    return data


def json_ld_script(data):
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' escaped so it cannot end the script."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
