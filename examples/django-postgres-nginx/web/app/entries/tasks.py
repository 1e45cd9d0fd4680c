from celery import shared_task

from .models import Entry


@shared_task
def record_sum(a, b):
    """Runs in the celery worker: its result lands in the same table the page lists."""
    entry = Entry.objects.create(text=f"task result: {a} + {b} = {a + b}")
    return entry.id
