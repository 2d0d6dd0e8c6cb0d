"""Backfilling historical events from CSV: clear errors that name the line, nothing half-imported."""

import pytest
from django.core.management import CommandError, call_command

from marketing_ai.backfill import EventImportError, ImportSpec, import_events
from marketing_ai.models import Interaction


@pytest.fixture
def write_csv(tmp_path):
    def write(text, name="events.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return str(path)

    return write


def rows_for(catalog, customers):
    tee, linen, mug = (str(p.pk) for p in catalog[:3])
    return (
        "user,product,type,time,qty\n"
        f"customer001,{tee},view,2024-05-01T10:00:00,1\n"
        f"customer001,{tee},purchase,2024-05-01 10:05:00,2\n"
        f"customer002,{mug},add_to_cart,1714557600,1\n"
        f"customer002,{mug},view,2024-05-02,1\n"
        f"customer003,{linen},view,2024-05-03T08:00:00+02:00,1\n"
    )


def spec(path, **extra):
    values = dict(path=path, user_column="user", product_column="product", type_column="type", time_column="time",
                  quantity_column="qty")
    values.update(extra)
    return ImportSpec(**values)


def test_import_creates_events_and_rerun_adds_nothing(catalog, customers, write_csv):
    path = write_csv(rows_for(catalog, customers))
    first = import_events(spec(path))
    assert (first.rows, first.created, first.already_present) == (5, 5, 0)
    second = import_events(spec(path))
    assert (second.created, second.already_present) == (0, 5)
    assert Interaction.objects.count() == 5
    purchase = Interaction.objects.get(event_type="purchase")
    assert purchase.quantity == 2 and purchase.user == customers[0] and purchase.source == "import"


def test_identical_rows_in_one_file_are_both_kept(catalog, customers, write_csv):
    tee = catalog[0].pk
    path = write_csv(f"user,product\ncustomer001,{tee}\ncustomer001,{tee}\n")
    result = import_events(ImportSpec(path=path, user_column="user", product_column="product", event_type="view"))
    assert result.created == 2
    assert import_events(ImportSpec(path=path, user_column="user", product_column="product", event_type="view")).created == 0


def test_appended_rows_import_only_the_new_ones(catalog, customers, write_csv):
    text = rows_for(catalog, customers)
    import_events(spec(write_csv(text)))
    more = text + f"customer003,{catalog[2].pk},purchase,2024-06-01T00:00:00,1\n"
    assert import_events(spec(write_csv(more, name="more.csv"))).created == 1


@pytest.mark.parametrize("text, message, line", [
    ("user,item,type,time,qty\n", "no column 'product'", 1),
    ("user,product,type,time,qty\ncustomer001,{tee},view,2024-05-01,1\ncustomer001,999999,view,2024-05-01,1\n",
     "unknown product '999999'", 3),
    ("user,product,type,time,qty\ncustomer001,{tee},view,yesterday-ish,1\n", "bad timestamp 'yesterday-ish'", 2),
    ("user,product,type,time,qty\ncustomer001,{tee},view,2024-13-45,1\n", "bad timestamp", 2),
    ("user,product,type,time,qty\ncustomer001,{tee},wishlist,2024-05-01,1\n", "unknown event type 'wishlist'", 2),
    ("user,product,type,time,qty\nnobody,{tee},view,2024-05-01,1\n", "unknown customer 'nobody'", 2),
    ("user,product,type,time,qty\ncustomer001,{tee},view,2024-05-01,two\n", "bad quantity 'two'", 2),
    ("user,product,type,time,qty\ncustomer001,{tee},view,2024-05-01,0\n", "quantity 0 is outside", 2),
    ("user,product,type,time,qty\ncustomer001,{tee},view\n", "expected 5 fields, found 3", 2),
    ("user,product,type,time,qty\n,{tee},view,2024-05-01,1\n", "the customer is empty", 2),
])
def test_bad_rows_name_the_line_and_import_nothing(catalog, customers, write_csv, text, message, line):
    path = write_csv(text.format(tee=catalog[0].pk))
    with pytest.raises(EventImportError, match=message) as info:
        import_events(spec(path))
    assert info.value.line == line
    assert f"line {line}:" in str(info.value)
    assert Interaction.objects.count() == 0


def test_bad_row_after_many_good_ones_imports_nothing(catalog, customers, write_csv, settings):
    settings.MARKETING_AI = {**settings.MARKETING_AI, "IMPORT_BATCH_SIZE": 10}
    tee = catalog[0].pk
    good = "".join(f"customer001,{tee},view,2024-05-01T00:{i % 60:02d}:00,1\n" for i in range(200))
    path = write_csv("user,product,type,time,qty\n" + good + f"customer001,{tee},view,never,1\n")
    with pytest.raises(EventImportError, match="line 202"):
        import_events(spec(path))
    assert Interaction.objects.count() == 0


def test_non_utf8_file_names_the_line(catalog, customers, write_csv):
    tee = catalog[0].pk
    data = f"user,product,type,time,qty\ncustomer001,{tee},view,2024-05-01,1\n".encode() + \
        "customér,1,view,2024-05-01,1\n".encode("latin-1")
    with pytest.raises(EventImportError, match=r"line 3: not valid utf-8.*--encoding"):
        import_events(spec(write_csv(data)))
    assert Interaction.objects.count() == 0


def test_other_encodings_and_separators(catalog, customers, write_csv):
    tee = catalog[0].pk
    path = write_csv(f"user;product;type;time;qty\ncustomer001;{tee};view;2024-05-01;1\n", encoding="utf-16")
    assert import_events(spec(path, sep=";", encoding="utf-16")).created == 1


def test_empty_and_header_only_files(catalog, customers, write_csv):
    with pytest.raises(EventImportError, match="empty"):
        import_events(spec(write_csv("")))
    with pytest.raises(EventImportError, match="no rows"):
        import_events(spec(write_csv("user,product,type,time,qty\n")))


def test_type_column_and_fixed_type_are_exclusive(write_csv, db):
    with pytest.raises(EventImportError, match="exactly one"):
        import_events(spec(write_csv("a\n"), event_type="view"))


def test_command_imports_with_a_fixed_type_and_reports(catalog, customers, write_csv, capsys):
    path = write_csv(f"customer,item\ncustomer001,{catalog[0].pk}\ncustomer002,{catalog[2].pk}\n")
    call_command("marketing_ai", "import-events", path, "--user-column", "customer", "--product-column", "item",
                 "--type", "purchase", "--no-progress")
    assert "Imported 2 new events from 2 rows" in capsys.readouterr().out
    assert Interaction.objects.filter(event_type="purchase").count() == 2


def test_command_error_names_the_line_and_says_nothing_was_imported(catalog, customers, write_csv):
    path = write_csv(f"user,product\ncustomer001,{catalog[0].pk}\ncustomer001,424242\n")
    with pytest.raises(CommandError, match=r"line 3: unknown product '424242' \(nothing was imported\)"):
        call_command("marketing_ai", "import-events", path, "--user-column", "user", "--product-column", "product",
                     "--type", "view", "--no-progress")


def test_command_requires_a_type_option(write_csv, db):
    with pytest.raises(CommandError):
        call_command("marketing_ai", "import-events", write_csv("a\n"), "--user-column", "u", "--product-column", "p")


def test_import_runs_as_a_job(catalog, customers, write_csv):
    from marketing_ai.jobs import start_job

    job = start_job("import_events", {"path": write_csv(rows_for(catalog, customers)), "user_column": "user",
                                      "product_column": "product", "type_column": "type", "time_column": "time"},
                    sync=True)
    assert job.status == "succeeded" and job.result["created"] == 5 and job.progress == 100


def test_failed_import_job_shows_the_line(catalog, customers, write_csv):
    from marketing_ai.jobs import start_job

    job = start_job("import_events", {"path": write_csv("user,product\nnobody,1\n"), "user_column": "user",
                                      "product_column": "product", "event_type": "view"}, sync=True)
    assert job.status == "failed" and job.error == "line 2: unknown customer 'nobody'"
