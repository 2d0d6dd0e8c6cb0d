"""A new shop gets its recurring jobs from migrate alone; None switches one off without deleting it."""

from django.core.management import call_command
from django_q.models import Schedule

from marketing_ai.schedules import install_schedules


def test_migrate_installs_the_nightly_training_and_retraining(db):
    call_command("migrate", verbosity=0)
    names = set(Schedule.objects.values_list("name", flat=True))
    assert {"marketing_ai: train recommendations", "marketing_ai: retrain moderation classifier"} <= names
    training = Schedule.objects.get(name="marketing_ai: train recommendations")
    assert training.schedule_type == Schedule.CRON and training.cron == "0 3 * * *" and training.repeats == -1


def test_installing_twice_keeps_one_of_each(db):
    install_schedules()
    install_schedules()
    assert Schedule.objects.filter(name__startswith="marketing_ai:").count() == 2


def test_none_switches_a_schedule_off_but_keeps_it(db, settings):
    install_schedules()
    settings.MARKETING_AI = {**settings.MARKETING_AI, "RECOMMEND_TRAIN_CRON": None}
    install_schedules()
    assert Schedule.objects.get(name="marketing_ai: train recommendations").repeats == 0
