"""Store staff see jobs with progress, re-run failed ones, and import events from the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketing_ai.jobs import start_job
from marketing_ai.models import Interaction, Job
from tests.permissions import grant


@pytest.fixture
def staff_client(client, staff_user):
    grant(staff_user, "marketing_ai.view_job", "marketing_ai.view_interaction")
    client.force_login(staff_user)
    return client


def test_job_list_shows_status_and_progress(staff_client):
    start_job("count_to", {"n": 2}, sync=True)
    start_job("boom", sync=True)
    html = staff_client.get(reverse("admin:marketing_ai_job_changelist")).content.decode()
    assert '<progress class="marketing-ai-progress" max="100" value="100"' in html
    assert "marketing-ai-status-failed" in html and "marketing-ai-status-succeeded" in html


def test_job_page_shows_the_error_and_polls_while_running(staff_client):
    failed = start_job("boom", sync=True)
    html = staff_client.get(reverse("admin:marketing_ai_job_change", args=[failed.pk])).content.decode()
    assert "the model file is corrupt" in html
    running = Job.objects.create(kind="count_to", status=Job.Status.RUNNING, progress=30)
    html = staff_client.get(reverse("admin:marketing_ai_job_change", args=[running.pk])).content.decode()
    assert f'data-job-url="/api/marketing-ai/jobs/{running.pk}/"' in html


def test_rerun_action_needs_the_run_permission(staff_client, staff_user):
    job = start_job("boom", sync=True)
    url = reverse("admin:marketing_ai_job_changelist")
    response = staff_client.post(url, {"action": "rerun_selected", "_selected_action": [job.pk]})
    assert response.status_code == 403
    grant(staff_user, "marketing_ai.run_job")
    staff_client.post(url, {"action": "rerun_selected", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.attempts == 2


def test_jobs_are_never_deleted_from_the_admin(staff_client, staff_user):
    job = start_job("count_to", sync=True)
    grant(staff_user, "marketing_ai.delete_job")
    response = staff_client.post(reverse("admin:marketing_ai_job_delete", args=[job.pk]), {"post": "yes"})
    assert response.status_code == 403 and Job.objects.filter(pk=job.pk).exists()


def test_import_page_needs_permission(staff_client):
    assert staff_client.get(reverse("admin:marketing_ai_interaction_import")).status_code == 403


def test_csv_upload_imports_events_as_a_job(staff_client, staff_user, catalog, customers):
    grant(staff_user, "marketing_ai.import_interaction", "marketing_ai.run_job")
    data = f"user,product\ncustomer001,{catalog[0].pk}\ncustomer002,{catalog[2].pk}\n".encode()
    response = staff_client.post(reverse("admin:marketing_ai_interaction_import"), {
        "file": SimpleUploadedFile("events.csv", data, content_type="text/csv"),
        "user_column": "user", "product_column": "product", "event_type": "add_to_cart", "sep": ",",
    })
    job = Job.objects.get(kind="import_events")
    assert response.status_code == 302 and response["Location"].endswith(f"/job/{job.pk}/change/")
    assert job.status == "succeeded" and job.created_by == staff_user
    assert Interaction.objects.filter(event_type="add_to_cart").count() == 2


def test_csv_upload_form_explains_bad_choices(staff_client, staff_user):
    grant(staff_user, "marketing_ai.import_interaction", "marketing_ai.run_job")
    response = staff_client.post(reverse("admin:marketing_ai_interaction_import"), {
        "file": SimpleUploadedFile("events.csv", b"a,b\n"), "user_column": "user", "product_column": "product",
        "sep": ",",
    })
    assert response.status_code == 200
    assert "Give either an event type column or one event type for all rows." in response.content.decode()
    assert not Job.objects.exists()


def test_interaction_log_is_read_only(staff_client, catalog):
    Interaction.objects.create(product_id=str(catalog[0].pk), event_type="view")
    html = staff_client.get(reverse("admin:marketing_ai_interaction_changelist")).content.decode()
    assert "Import events from CSV" not in html  # no import permission
    assert staff_client.get(reverse("admin:marketing_ai_interaction_add")).status_code == 403
