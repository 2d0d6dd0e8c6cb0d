"""Scheduled retraining through django-q2 (RECOMMEND_TRAIN_CRON, nightly by default)."""

from marketing_ai.conf import app_settings

SCHEDULE_NAME = "marketing_ai: train recommendations"


def scheduled_training():
    """What the schedule runs: start a training job (so it shows in the admin with progress)."""
    from marketing_ai.jobs import start_job

    return start_job("train_recommender").pk


def install_training_schedule():
    """Create or update the django-q2 Schedule; returns it, or None when the setting is None.

    With the setting None an existing schedule is switched off (repeats 0), not deleted.
    """
    from django_q.models import Schedule

    cron = app_settings.RECOMMEND_TRAIN_CRON
    if not cron:
        Schedule.objects.filter(name=SCHEDULE_NAME).update(repeats=0)
        return None
    schedule, _ = Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": "marketing_ai.recommend.schedule.scheduled_training", "schedule_type": Schedule.CRON,
                  "cron": cron, "repeats": -1},
    )
    return schedule
