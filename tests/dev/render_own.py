"""Render the dev set's own PDF papers (tests/dev/papers/own/own*.pdf) with reportlab.

Each is a paper in another council's format, written for the dev set: a ruled tracker that runs
over a page break with its header repeated, a borderless action plan, a ruled improvement plan.
Their gold is in tests/dev/gold/own/. Run: .venv/bin/python tests/dev/render_own.py
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).resolve().parent / "papers" / "own"
STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
CELL = STYLES["BodyText"].clone("cell", fontSize=9, leading=11)


def _paras(lines: list[str], style=BODY) -> list:
    return [Paragraph(line, style) for line in lines]


def _table(rows: list[list[str]], widths: list[float], ruled: bool) -> Table:
    cells = [[Paragraph(text, CELL) for text in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _build(name: str, story: list, page=A4, title: str | None = None) -> None:
    doc = SimpleDocTemplate(str(OUT / name), pagesize=page, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=title or "", author="",
                            invariant=1)
    doc.build(story)


def hampshire_rag() -> None:
    """A ruled tracker that runs onto a second page, its header repeated, with the paper's own RAG key."""
    rows = [["Rec No", "Recommendation", "Response", "Responsible Officer", "Timescale", "RAG", "Comments"]]
    recs = [
        ("1", "The Council should introduce a single telephone number for all adult social care enquiries.",
         "Agreed. A single number will be launched with the new customer contact system.",
         "Head of Customer Services", "October 2018", "Green",
         "The single number went live on 1 October 2018 and is advertised on all letters."),
        ("2", "Waiting times for occupational therapy assessments should be published every month.",
         "Agreed. Figures will be published on the Council website from July 2018.",
         "Occupational Therapy Service Manager", "July 2018", "Green",
         "Monthly figures have been published since July 2018."),
        ("3", "A trusted assessor scheme should be agreed with the two acute hospital trusts so that "
              "patients can leave hospital without waiting for a second assessment.",
         "Agreed in principle. Both trusts support the scheme but funding for assessors has not yet been found.",
         "Director of Adult Services", "March 2019", "Amber",
         "One trust has signed the agreement; the second expects to sign in February 2019."),
        ("4", "The Council should review the charging policy for day services, including the transport charge.",
         "Agreed. The review will be reported to Cabinet.",
         "Head of Finance (Adults)", "December 2018", "Red",
         "The review has slipped because of the national consultation on social care funding."),
        ("5", "Carers should be offered an assessment of their own needs within four weeks of asking.",
         "Agreed. Additional assessors will be recruited.",
         "Carers Lead", "September 2018", "Green",
         "The four-week standard was met for 94% of carers in the last quarter."),
        ("6", "An annual report on the quality of care homes should be presented to the Health and Adult "
              "Social Care Select Committee.",
         "Agreed. The first report will be presented in January 2019.",
         "Quality Assurance Manager", "January 2019", "Amber",
         "The report is being drafted and will be presented in January 2019 as planned."),
        ("7", "Information about paying for care should be sent to everyone who asks for an assessment, "
              "before the assessment takes place.",
         "Agreed. A new leaflet will be sent with every appointment letter.",
         "Head of Customer Services", "December 2018", "Green",
         "The leaflet has been sent with appointment letters since 1 November 2018."),
        ("8", "The Council should set a target time for completing financial assessments and report "
              "performance against it every quarter.",
         "Agreed. A target of 28 days will be set and reported from April 2019.",
         "Financial Assessments Manager", "April 2019", "Amber",
         "The target has been agreed; the first quarterly figures will be reported in July 2019."),
        ("9", "Advocacy should be offered to every person whose care package is reduced at a review.",
         "Not agreed. Advocacy is already offered where the law requires it and wider provision "
         "cannot be funded.",
         "Director of Adult Services", "Not applicable", "Red",
         "No further action is planned."),
    ]
    rows.extend(list(r) for r in recs)
    story = _paras([
        "<b>Hampshire County Council</b>",
        "<b>Health and Adult Social Care Select Committee</b>",
        "Date: 22 November 2018",
        "<b>Adult Social Care Access Review: recommendation tracker</b>",
        "Report of the Director of Adults' Health and Care",
        "1. This report updates the Committee on the recommendations of its review of access to adult "
        "social care. Green means complete, amber means in progress and red means behind schedule.",
    ]) + [Spacer(1, 8), _table(rows, [1.4 * cm, 5.2 * cm, 4.6 * cm, 3.4 * cm, 2.2 * cm, 1.4 * cm, 5.8 * cm], ruled=True),
          Spacer(1, 8)] + _paras([
        "2. Recommendation",
        "2.1 The Select Committee is asked to note the progress made in implementing the recommendations.",
    ])
    _build("own09_hampshire_rag_ruled.pdf", story, landscape(A4), "Adult Social Care Access Review: recommendation tracker")


def york_borderless() -> None:
    """An action plan laid out without ruling lines: columns by alignment only."""
    rows = [["No", "Recommendation", "Action", "Lead", "By when", "Progress"],
            ["1", "Review the council's use of agency staff in children's social care.",
             "A workforce plan will set a target for permanent social workers.",
             "Assistant Director, Children's Social Care", "April 2019",
             "The workforce plan was approved in March 2019."],
            ["2", "Offer a named social worker to every child within five days of referral.",
             "Duty arrangements will be changed so that cases are allocated at the daily meeting.",
             "Head of Assessment", "June 2019",
             "Allocation within five days is at 87% and rising."],
            ["3", "Publish an annual report on the outcomes of children leaving care.",
             "The first report will cover 2018/19.",
             "Head of Corporate Parenting", "September 2019",
             "Data is being collected from partner agencies."]]
    story = _paras([
        "<b>City of York Council</b>",
        "<b>Children, Education and Communities Policy and Scrutiny Committee</b>",
        "16 January 2019",
        "<b>Children's Social Care Scrutiny Review: Action Plan</b>",
        "Report of the Corporate Director of Children, Education and Communities",
        "1. The Committee's scrutiny review made three recommendations to the Executive in October 2018. "
        "The action plan below sets out the actions planned and progress to date.",
    ]) + [Spacer(1, 8), _table(rows, [1 * cm, 5 * cm, 5 * cm, 3.6 * cm, 2.4 * cm, 8 * cm], ruled=False),
          Spacer(1, 8)] + _paras([
        "2. Members are asked to note the progress made against the action plan.",
    ])
    _build("own10_york_borderless_action_plan.pdf", story, landscape(A4), "Children's Social Care Scrutiny Review: Action Plan")


def ofsted_plan() -> None:
    """A ruled improvement plan: areas for improvement, actions, leads, timescales, RAG with a blue."""
    rows = [["Area for improvement", "Actions", "Lead officer", "Timescale", "RAG rating"],
            ["The quality of supervision for social workers is not consistent across teams.",
             "Introduce a supervision audit each quarter and report the findings to the Practice Board.",
             "Principal Social Worker", "December 2021", "Blue"],
            ["Plans for children in need do not always say who will do what by when.",
             "Revise the plan template and train all team managers in its use.",
             "Head of Safeguarding", "March 2022", "Green"],
            ["Return home interviews are not offered to every child who has been missing.",
             "Commission an independent return home interview service.",
             "Commissioning Manager", "January 2022", "Amber"],
            ["The local authority does not know how many children are privately fostered.",
             "Run an awareness campaign with schools and health visitors.",
             "Service Manager, Fostering", "February 2022", "Red"]]
    story = _paras([
        "<b>Rotherham Metropolitan Borough Council</b>",
        "<b>Improving Lives Select Commission</b>",
        "Date of meeting: 8 March 2022",
        "<b>Children's Services Improvement Plan: Progress Report</b>",
        "1. Following the inspection of children's services, the inspectors identified four areas for "
        "improvement. The improvement plan is set out below. RAG key: Blue = complete, Green = on track, "
        "Amber = at risk, Red = off track.",
    ]) + [Spacer(1, 8), _table(rows, [6.5 * cm, 6.5 * cm, 4 * cm, 3 * cm, 2.5 * cm], ruled=True),
          Spacer(1, 8)] + _paras([
        "2. Recommendations",
        "2.1 The Select Commission is asked to note the progress against the improvement plan.",
    ])
    _build("own11_rotherham_improvement_plan.pdf", story, landscape(A4), "Children's Services Improvement Plan: Progress Report")


if __name__ == "__main__":
    hampshire_rag()
    york_borderless()
    ofsted_plan()
