import pytest

from beleid.tasks import ping

pytestmark = pytest.mark.integration


def test_worker_answers_on_the_real_broker(celery_worker_process):
    result = ping.delay()

    celery_worker_process.wait_for(
        lambda: (
            f"Task beleid.tasks.ping[{result.id}] succeeded"
            in celery_worker_process.log.read_text()
        )
    )
