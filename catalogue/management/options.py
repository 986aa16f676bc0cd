"""Options shared by the catalogue's daily commands."""

import argparse
import datetime


def iso_date(value):
    """argparse type for ``--date``: a calendar date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def add_date_option(parser, purpose):
    """``--date``: run as if today were that date (catching up a missed day, or testing)."""
    parser.add_argument(
        "--date", type=iso_date, help=f"Run as if today were this date (YYYY-MM-DD); {purpose}."
    )
