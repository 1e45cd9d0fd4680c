from html import escape

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest

from .models import Entry


def index(request):
    rows = "".join(f"<li>{escape(e.text)}</li>" for e in Entry.objects.order_by("id"))
    return HttpResponse(
        "<!doctype html><title>Entries</title><h1>Entries</h1>"
        f"<p>{Entry.objects.count()} entries</p><ul>{rows}</ul>"
        '<form action="/add"><input name="text"><button>Add</button></form>'
    )


def add(request):
    text = request.GET.get("text") or request.POST.get("text")
    if not text:
        return HttpResponseBadRequest("text is required")
    entry = Entry.objects.create(text=text[:200])
    return HttpResponse(f"added {entry.id}: {escape(entry.text)}\n")


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok\n")


def enqueue(request):
    if not settings.CELERY_BROKER_URL:
        return HttpResponse("no broker configured (see examples/django-celery)\n", status=503)
    from .tasks import record_sum

    try:
        a, b = int(request.GET.get("a", "0")), int(request.GET.get("b", "0"))
    except ValueError:
        return HttpResponseBadRequest("a and b must be integers")
    result = record_sum.delay(a, b)
    return HttpResponse(f"queued {result.id}\n")
