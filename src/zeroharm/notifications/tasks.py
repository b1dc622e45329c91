from django_tasks import task

from zeroharm.notifications.services import delivery_attempt


@task()
def deliver(delivery_id: int) -> str:
    return delivery_attempt(delivery_id=delivery_id).status
