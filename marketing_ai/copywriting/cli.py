"""``generate-copy`` and ``evaluate-copy``: the copy studio on the command line."""

import json

from django.core.management.base import CommandError

from marketing_ai.cli.base import Subcommand, parse_id_list
from marketing_ai.conf import app_settings


def _kinds(value):
    kinds = [part.strip() for part in value.split(",") if part.strip()]
    if not kinds:
        raise CommandError("give at least one kind")
    return kinds


def _add_style_arguments(parser):
    parser.add_argument("--kinds", type=_kinds, default=None,
                        help="comma-separated kinds of copy (default: description for generate-copy, all for "
                             "evaluate-copy); known: " + ", ".join(app_settings.raw("COPY_KINDS")))
    parser.add_argument("--language", default="en", help="en or zh-hans (default en)")
    parser.add_argument("--tone", default="professional",
                        help="professional, friendly, luxury, playful or concise (default professional)")
    parser.add_argument("--backend", default=None, help="text backend name (default MARKETING_AI['TEXT_BACKEND'])")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


class GenerateCopy(Subcommand):
    name = "generate-copy"
    help = ("Write draft copy for products (drafts only: approve and publish them in the admin). Every text is "
            "grounding-checked; a failing one is regenerated once, then replaced by the template composer's.")

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every product of the shop")
        which.add_argument("--products", type=parse_id_list, help="comma-separated product ids")
        _add_style_arguments(parser)
        parser.add_argument("--instructions", default="", help="free-form instructions for model backends")
        parser.add_argument("--limit", type=int, default=None, help="at most this many products")
        parser.add_argument("--skip-existing", action="store_true",
                            help="skip products that already have open copy of these kinds")

    def handle(self, **options):
        from marketing_ai.copywriting.bulk import iter_chunks, select_product_ids
        from marketing_ai.copywriting.workflow import CopyWorkflowError, catalogue_checker, generate_drafts, \
            validate_options
        from marketing_ai.shop import get_adapter

        kinds = options["kinds"] or ["description"]
        language, tone, backend = options["language"], options["tone"], options["backend"]
        try:
            validate_options(kinds, language, tone, backend)
        except CopyWorkflowError as exc:
            raise CommandError(str(exc)) from None
        ids = select_product_ids(options["products"], options["all"], options["limit"], kinds, language,
                                 options["skip_existing"])
        if options["products"] and not ids and not options["skip_existing"]:
            raise CommandError(f"none of the products {', '.join(options['products'])} exist")
        adapter = get_adapter()
        checker = catalogue_checker()
        bar = self.progress_bar(total=len(ids), unit="products", disable=True if options["no_progress"] else None)
        drafts = []
        try:
            for chunk in iter_chunks(ids, max(1, int(app_settings.COPY_JOB_CHUNK_SIZE))):
                pks = [adapter.parse_product_id(value) for value in chunk]
                products = [adapter.product_data(p) for p in adapter.product_queryset().filter(pk__in=pks)
                            .order_by("pk")]
                drafts += generate_drafts(products, kinds, language, tone, options["instructions"], backend,
                                          checker=checker)
                bar.update(len(chunk))
        finally:
            bar.close()
        grounded = sum(1 for d in drafts if d.grounded)
        fallback = sum(1 for d in drafts if d.grounding.get("fallback"))
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {len(drafts)} drafts for {len(ids)} products ({grounded} grounded, {fallback} from the template "
            f"fallback). Approve and publish them in the admin."))


class EvaluateCopy(Subcommand):
    name = "evaluate-copy"
    help = ("Generate copy for the products of a CSV and report grounding pass rate, length-limit compliance, "
            "distinctness across products (duplicate sentences, distinct-2) and throughput. Writes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--csv", required=True, dest="csv_path", help="CSV file with a header row")
        parser.add_argument("--title-column", required=True, help="column with the product title")
        parser.add_argument("--attribute-columns", default="",
                            help="comma-separated attribute columns; values with | are lists")
        parser.add_argument("--id-column", default=None, help="column with a product id (default: row number)")
        parser.add_argument("--category-column", default=None, help="column with the category")
        parser.add_argument("--limit", type=int, default=None, help="at most this many rows")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        _add_style_arguments(parser)

    def handle(self, **options):
        from marketing_ai.copywriting.evaluation import CatalogueError, evaluate, read_catalogue
        from marketing_ai.copywriting.workflow import CopyWorkflowError

        columns = [c.strip() for c in options["attribute_columns"].split(",") if c.strip()]
        try:
            facts_list = read_catalogue(options["csv_path"], options["title_column"], columns, options["id_column"],
                                        options["category_column"], options["limit"])
            report = evaluate(facts_list, options["kinds"], options["language"], options["tone"], options["backend"])
        except (CatalogueError, CopyWorkflowError) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{report['products']} products, {report['drafts']} drafts, backend {report['backend']}")
        for name in ("grounding_pass_rate", "length_compliance", "final_pass_rate", "fallback_rate",
                     "duplicate_sentence_share", "distinct_2", "drafts_per_second"):
            self.stdout.write(f"  {name:26} {report[name]}")
        for kind, row in report["per_kind"].items():
            self.stdout.write(f"  {kind:20} pass {row['grounding_pass_rate']:.3f}  length {row['length_compliance']:.3f}"
                              f"  dup {row['duplicate_sentence_share']:.3f}  distinct-2 {row['distinct_2']:.3f}")


class ExportFeed(Subcommand):
    name = "export-feed"
    help = "Write the product feed with published copy as CSV or Google-Merchant-style XML."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="feed_format", choices=["csv", "xml"], default="csv")
        parser.add_argument("--language", default="en", help="language of the published copy (default en)")
        parser.add_argument("--base-url", default=None, help="site URL for absolute links, e.g. https://shop.example")
        parser.add_argument("--output", default="-", help="file to write (default: standard output)")

    def handle(self, **options):
        from marketing_ai.copywriting.feed import feed_csv, feed_xml

        if options["language"] not in app_settings.COPY_LANGUAGES:
            raise CommandError(f"unknown language {options['language']!r}; known: "
                               f"{', '.join(app_settings.COPY_LANGUAGES)}")
        render = feed_xml if options["feed_format"] == "xml" else feed_csv
        body = render(options["language"], options["base_url"])
        if options["output"] == "-":
            self.stdout.write(body, ending="")
            return
        try:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(body)
        except OSError as exc:
            raise CommandError(f"cannot write {options['output']}: {exc.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}."))
