"""The report kinds of reports/city_report.py and reports/insurance_extract.py: registered
from `ReportsConfig.ready()`."""

from beleid.documents import register_kind


def register() -> None:
    from .city_report import CityReport
    from .insurance_extract import InsuranceExtract

    register_kind(CityReport())
    register_kind(InsuranceExtract())
