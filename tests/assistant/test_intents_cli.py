"""train-intents and evaluate-intents: the interface maintainers use on held-out data."""

import json

import pytest
from django.core.management import CommandError, call_command

from marketing_ai import embeddings
from marketing_ai.assistant import router
from marketing_ai.assistant.models import IntentExample, StoreIntent

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not embeddings.is_available(), reason="the [ml] extra is not installed")]

ROWS = {
    "gift_wrap": ["can you gift wrap this", "do you offer gift wrapping", "wrap it as a present please",
                  "is gift wrap available", "I want it wrapped"],
    "loyalty_points": ["how many loyalty points do I have", "check my reward points", "points balance",
                       "do I earn points on this order", "how does the loyalty scheme work"],
    "store_hours": ["when is your shop open", "opening hours", "are you open on sunday",
                    "what time do you close", "what are your store hours"],
}


def write_csv(path, rows, header="utterance,label"):
    lines = [header] + [f'"{text}",{label}' for label, texts in rows.items() for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_train_intents_adds_store_intents_once(tmp_path, capsys):
    path = write_csv(tmp_path / "train.csv", ROWS)
    call_command("marketing_ai", "train-intents", "--csv", str(path), "--text-column", "utterance",
                 "--label-column", "label")
    assert set(StoreIntent.objects.values_list("name", flat=True)) == {"gift_wrap", "loyalty_points", "store_hours"}
    assert IntentExample.objects.count() == 15
    call_command("marketing_ai", "train-intents", "--csv", str(path), "--text-column", "utterance",
                 "--label-column", "label")
    assert IntentExample.objects.count() == 15
    assert "0 new examples (15 were already there)" in capsys.readouterr().out
    assert router.route("are you open on saturdays?").intent == "store_hours"


@pytest.mark.parametrize("content, message", [
    ("text,label\nhello,greet\n", "no column 'utterance'"),
    ('utterance,label\nhello,greet\n,empty\n', "line 3: empty 'utterance'"),
    ('utterance,label\nhello,\n', "line 2: empty 'label'"),
    ('utterance,label\n"' + "x" * 501 + '",long\n', "longer than 500"),
])
def test_bad_csv_is_refused_with_its_line_and_nothing_is_added(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("marketing_ai", "train-intents", "--csv", str(path), "--text-column", "utterance",
                     "--label-column", "label")
    assert not StoreIntent.objects.exists()


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("marketing_ai", "train-intents", "--csv", "/nonexistent.csv", "--text-column", "t",
                     "--label-column", "l")


def test_evaluate_intents_prints_the_json_keys(tmp_path, capsys):
    train = write_csv(tmp_path / "train.csv", {label: texts[:4] for label, texts in ROWS.items()})
    test = write_csv(tmp_path / "test.csv", {label: texts[4:] for label, texts in ROWS.items()})
    call_command("marketing_ai", "evaluate-intents", "--train", str(train), "--test", str(test),
                 "--text-column", "utterance", "--label-column", "label", "--json")
    scores = json.loads(capsys.readouterr().out)
    assert set(scores) == {"accuracy", "macro_f1", "n_test", "seconds"}
    assert scores["n_test"] == 3 and scores["accuracy"] >= 2 / 3 and 0 <= scores["macro_f1"] <= 1
    call_command("marketing_ai", "evaluate-intents", "--train", str(train), "--test", str(test),
                 "--text-column", "utterance", "--label-column", "label")
    assert capsys.readouterr().out.startswith("accuracy ")
    assert not StoreIntent.objects.exists()  # evaluation never writes
