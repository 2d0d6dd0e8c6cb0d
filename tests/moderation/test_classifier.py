"""The learned classifier: trained from moderators' decisions, on disk, serving only when it beats the rules."""

import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from marketing_ai.moderation.models import ModerationDecision
from marketing_ai.moderation import classifier as classifier_module
from marketing_ai.moderation.classifier import TextClassifier, serving_classifier_check, train_classifier
from marketing_ai.moderation.pipeline import ModerationPipeline
from marketing_ai.moderation.service import moderate_review

pytestmark = pytest.mark.django_db

GOOD = ["Lovely {x}, well made and comfortable.", "The {x} fits well and the colour is great.",
        "Solid {x}, would buy again.", "Nice {x} but the zip is a bit stiff.", "Arrived fast, the {x} is soft."]
# The moderators of this shop reject every review that advertises a rival shop: no rule knows that.
RIVAL = ["Get a {x} from Kestrelmart instead, they are cheaper.", "Kestrelmart sells the same {x} for less.",
         "Better {x} at Kestrelmart, go there.", "I returned it and bought a {x} at Kestrelmart.",
         "Kestrelmart has this {x} in more colours."]
THINGS = ["jacket", "mug", "tent", "lamp", "shirt", "backpack", "cushion", "shoe"]


@pytest.fixture
def classifier_dir(tmp_path, moderation_settings):
    moderation_settings(MODERATION_CLASSIFIER_DIR=str(tmp_path), MODERATION_CLASSIFIER_MIN_DECISIONS=60)
    classifier_module._loaded.clear()
    return tmp_path


def human_decisions(count, seed=1):
    rng = random.Random(seed)
    for index in range(count):
        rejected = index % 2 == 1
        text = rng.choice(RIVAL if rejected else GOOD).format(x=rng.choice(THINGS)) + f" ({index})"
        ModerationDecision.objects.create(
            review_id=f"h{index}", text=text, text_hash=str(index), rating=4, decision="reject" if rejected else "publish",
            automatic_decision="publish", pipeline_version="test", decided_by_human=True)


def test_too_few_decisions_train_nothing(classifier_dir):
    human_decisions(20)
    record = train_classifier()
    assert record.status == "skipped" and not record.is_active and "60" in record.message
    assert serving_classifier_check() is None


def test_classifier_that_beats_the_rules_serves_from_disk(classifier_dir, make_review):
    human_decisions(120)
    record = train_classifier()
    assert record.status == "trained" and record.is_active, record.message
    assert record.classifier_f1 > record.rules_f1 and record.holdout == 30
    assert record.path.startswith(str(classifier_dir))
    # The real loader reads the file back.
    loaded = TextClassifier.load(record.path)
    assert loaded.predict(["Kestrelmart has it cheaper"])[0] and not loaded.predict(["Lovely mug, well made"])[0]
    decision = moderate_review(make_review("Honestly, Kestrelmart sells this jacket for less.", 4))
    assert decision.decision != "publish" and "classifier" in decision.reason_list
    assert decision.classifier_id == record.pk and decision.pipeline_version.endswith(f"+clf{record.pk}")
    assert moderate_review(make_review("Lovely tent, well made.", 5)).decision == "publish"


def test_classifier_that_does_not_beat_the_rules_does_not_serve(classifier_dir):
    # Here the moderators rejected exactly the link spam the rules already catch.
    for index in range(80):
        rejected = index % 2 == 1
        text = (f"Cheap deals at http://spam{index}.example click here!!!" if rejected
                else f"Lovely {THINGS[index % 8]} number {index}, well made.")
        ModerationDecision.objects.create(review_id=f"s{index}", text=text, text_hash=str(index),
                                          decision="reject" if rejected else "publish", automatic_decision="publish",
                                          pipeline_version="test", decided_by_human=True)
    record = train_classifier()
    assert record.status == "trained" and not record.is_active and record.rules_f1 == 1.0
    assert ModerationPipeline.from_settings().classifier is None


def test_a_failed_training_run_leaves_the_old_classifier_serving(classifier_dir, monkeypatch):
    human_decisions(120)
    first = train_classifier()
    assert first.is_active

    def broken(self, texts, labels):
        raise MemoryError("out of memory")

    monkeypatch.setattr(TextClassifier, "fit", broken)
    failed = train_classifier()
    assert failed.status == "failed" and "out of memory" in failed.message
    assert serving_classifier_check().classifier_id == first.pk


def test_a_file_that_is_not_a_classifier_is_refused(tmp_path):
    import joblib

    path = tmp_path / "other.joblib"
    joblib.dump({"something": "else"}, path)
    with pytest.raises(ValueError, match="not a marketing_ai moderation classifier"):
        TextClassifier.load(path)


def test_training_runs_as_a_job(classifier_dir):
    from marketing_ai.jobs import start_job

    human_decisions(120)
    job = start_job("train_moderation_classifier")
    assert job.status == "succeeded" and job.result["serving"] is True


def write_csv(path, rows, sep=","):
    import csv

    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(["message", "verdict"])
        writer.writerows(rows)


def labelled_rows(count, seed):
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        bad = index % 3 == 0
        rows.append([rng.choice(RIVAL if bad else GOOD).format(x=rng.choice(THINGS)), "bad" if bad else "ok"])
    return rows


def test_evaluate_moderation_prints_json_for_classifier_and_pipeline(tmp_path):
    write_csv(tmp_path / "train.csv", labelled_rows(150, 1))
    out = StringIO()
    call_command("marketing_ai", "evaluate-moderation", "--csv", str(tmp_path / "train.csv"), "--text-column",
                 "message", "--label-column", "verdict", "--positive", "bad", "--folds", "3", "--json", stdout=out)
    scores = json.loads(out.getvalue())
    assert set(scores) == {"classifier", "pipeline"}
    for part in scores.values():
        assert set(part) == {"precision", "recall", "f1", "accuracy"}
    assert scores["classifier"]["f1"] > 0.9


def test_evaluate_moderation_with_a_test_file_and_tab_separator(tmp_path):
    write_csv(tmp_path / "train.tsv", labelled_rows(120, 2), sep="\t")
    write_csv(tmp_path / "test.tsv", labelled_rows(60, 3), sep="\t")
    out = StringIO()
    call_command("marketing_ai", "evaluate-moderation", "--csv", str(tmp_path / "train.tsv"), "--test-csv",
                 str(tmp_path / "test.tsv"), "--text-column", "message", "--label-column", "verdict", "--positive",
                 "bad", "--sep", "\\t", "--disable", "profanity", stdout=out)
    text = out.getvalue()
    assert "trained on 120, tested on 60" in text and "learned classifier" in text and "F1" in text


def test_evaluate_moderation_explains_bad_input(tmp_path):
    write_csv(tmp_path / "train.csv", labelled_rows(30, 1))
    with pytest.raises(CommandError, match="no column 'text'; the columns are 'message', 'verdict'"):
        call_command("marketing_ai", "evaluate-moderation", "--csv", str(tmp_path / "train.csv"), "--text-column",
                     "text", "--label-column", "verdict", "--positive", "bad", stdout=StringIO())
    with pytest.raises(CommandError, match="every row is negative"):
        call_command("marketing_ai", "evaluate-moderation", "--csv", str(tmp_path / "train.csv"), "--text-column",
                     "message", "--label-column", "verdict", "--positive", "spam", stdout=StringIO())
    with pytest.raises(CommandError, match="no such file"):
        call_command("marketing_ai", "evaluate-moderation", "--csv", str(tmp_path / "missing.csv"), "--text-column",
                     "message", "--label-column", "verdict", "--positive", "bad", stdout=StringIO())
