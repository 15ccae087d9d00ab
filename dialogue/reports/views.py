"""Staff pages: the dashboard at /staff/ and the indicators report with the records behind it and its downloads."""

from babel import numbers as babel_numbers
from flask import abort, render_template, request, url_for
from flask_babel import format_decimal, format_number, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from dialogue import labels
from dialogue.access import staff_only
from dialogue.contributions.models import Channel, Theme
from dialogue.database import utcnow
from dialogue.downloads import CSV_TYPE, download
from dialogue.events.models import EventKind
from dialogue.moderation.queries import recent_events
from dialogue.neighbourhoods.queries import all_neighbourhoods
from dialogue.page_cache import kept_for_its_reader
from dialogue.pagination import args_without_page, requested_page
from dialogue.reports import bp
from dialogue.reports.charts import bar_chart
from dialogue.reports.dashboard import (
    events_awaiting_report,
    open_reports,
    unanswered_by_neighbourhood,
    upcoming_events,
)
from dialogue.reports.exports import indicators_csv, indicators_xlsx, sections
from dialogue.reports.forms import PeriodForm
from dialogue.reports.indicators import Indicators, compute_indicators
from dialogue.reports.records import FIGURE_TITLES, NO_THEME, RECORD_TYPE, Figure, Narrowing, record_page
from dialogue.templating import list_separator

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_template_filter("number")
def number_filter(value: int) -> str:
    return format_number(value)


@bp.app_template_filter("one_decimal")
def one_decimal_filter(value: float) -> str:
    return format_decimal(value, format="#,##0.0")


@bp.app_template_filter("percent")
def percent_filter(share: float) -> str:
    """0.6667 as 66.7% in English and 66,7 % in Swedish: the locale's own pattern, one decimal at most."""
    return babel_numbers.format_percent(round(share, 3), locale=get_locale(), decimal_quantization=False)


@bp.get("/")
@staff_only
@kept_for_its_reader
def dashboard():
    now = utcnow()
    return render_template(
        "reports/dashboard.html",
        upcoming=upcoming_events(current_user, now),
        awaiting=events_awaiting_report(now),
        reports=open_reports(),
        backlog=unanswered_by_neighbourhood(now),
        recent=recent_events(),
    )


def _period_form() -> tuple[PeriodForm, bool]:
    form = PeriodForm(request.args, neighbourhoods=all_neighbourhoods())
    return form, form.validate()


def _charts(indicators: Indicators, args: dict) -> list:
    def records(**narrowing):
        figure = Figure.HELD_EVENTS if "kind" in narrowing else Figure.CONTRIBUTIONS
        return url_for("reports.indicator_records", figure_name=figure.value, **args, **narrowing)

    def bars(narrowing: str, counts: dict) -> list:
        """(label, count, link to the records) for each value; a missing theme is its own bar."""
        return [
            (
                labels.label(value) if value else _("No theme"),
                count,
                records(**{narrowing: value.value if value else NO_THEME}),
            )
            for value, count in counts.items()
        ]

    return [
        bar_chart(
            "chart-events-per-kind",
            _("Held events per kind"),
            bars("kind", indicators.held_events_per_kind),
            colour="events",
        ),
        bar_chart(
            "chart-contributions-per-channel",
            _("Contributions per channel"),
            bars("channel", indicators.contributions_per_channel),
            colour="channels",
        ),
        bar_chart(
            "chart-contributions-per-theme",
            _("Contributions per theme"),
            bars("theme", indicators.contributions_per_theme),
            colour="themes",
        ),
    ]


@bp.get("/indicators")
@staff_only
@kept_for_its_reader
def indicators():
    form, valid = _period_form()
    if not valid:
        return render_template("reports/indicators.html", form=form, indicators=None), 422
    figures = compute_indicators(form.period())
    args = form.query_args()
    return render_template(
        "reports/indicators.html", form=form, indicators=figures, args=args, charts=_charts(figures, args)
    )


def _enum_arg(name: str, enum_class, extra: tuple[str, ...] = ()):
    """An optional ?name= value of `enum_class`; anything else is a URL nobody was given: 404."""
    value = request.args.get(name, "")
    if not value or value in extra:
        return value or None
    try:
        return enum_class(value)
    except ValueError:
        abort(404)


def _narrowing(figure: Figure) -> Narrowing:
    if figure == Figure.HELD_EVENTS:
        return Narrowing(kind=_enum_arg("kind", EventKind))
    if figure == Figure.CONTRIBUTIONS:
        theme = _enum_arg("theme", Theme, extra=(NO_THEME,))
        return Narrowing(
            channel=_enum_arg("channel", Channel),
            theme=theme if isinstance(theme, Theme) else None,
            without_theme=theme == NO_THEME,
        )
    return Narrowing()


def _records_title(figure: Figure, narrowing: Narrowing) -> str:
    parts = [labels.label(value) for value in (narrowing.kind, narrowing.channel, narrowing.theme) if value]
    if narrowing.without_theme:
        parts.append(_("No theme"))
    if not parts:
        return str(FIGURE_TITLES[figure])
    return _("%(figure)s: %(narrowed_to)s", figure=FIGURE_TITLES[figure], narrowed_to=list_separator().join(parts))


@bp.get("/indicators/<figure_name>")
@staff_only
def indicator_records(figure_name: str):
    try:
        figure = Figure(figure_name)
    except ValueError:
        abort(404)
    narrowing = _narrowing(figure)
    form, valid = _period_form()
    context = {
        "form": form,
        "figure": figure,
        "record_type": RECORD_TYPE[figure],
        "title": _records_title(figure, narrowing),
    }
    if not valid:
        return render_template("reports/records.html", page=None, **context), 422
    page = record_page(form.period(), figure, narrowing, requested_page())
    if page.page > page.pages:
        abort(404)
    list_args = args_without_page()
    return render_template("reports/records.html", page=page, args=form.query_args(), list_args=list_args, **context)


# The indicators are counts and names of organisations, events and initiatives, with no personal data: unlike the
# registrations and contributions downloads, they are not written to the audit log.
def _download(body: bytes | str, content_type: str, form: PeriodForm, extension: str):
    period = form.period()
    where = f"-{form.neighbourhood.data}" if form.neighbourhood.data else ""
    return download(body, f"indicators-{period.first_day}-{period.last_day}{where}.{extension}", content_type)


def _report_sections(form: PeriodForm):
    return sections(compute_indicators(form.period()), form.neighbourhood_name())


@bp.get("/indicators.csv")
@staff_only
def indicators_csv_download():
    form, valid = _period_form()
    if not valid:
        return render_template("reports/indicators.html", form=form, indicators=None), 422
    return _download(indicators_csv(_report_sections(form)), CSV_TYPE, form, "csv")


@bp.get("/indicators.xlsx")
@staff_only
def indicators_xlsx_download():
    form, valid = _period_form()
    if not valid:
        return render_template("reports/indicators.html", form=form, indicators=None), 422
    return _download(indicators_xlsx(_report_sections(form)), XLSX_TYPE, form, "xlsx")
