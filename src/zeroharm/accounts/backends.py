from django.contrib.auth.backends import ModelBackend

from zeroharm.core.compiled import CompiledQuery


class UserBackend(ModelBackend):
    """Django's password backend, loading the signed-in user with what their name is shown with (person and
    unit, User.display_related) in the same query: every page names the user in its header. Their post too: a
    briefing sign-in (the shift-start peak) judges clearance on the person, unit and post, and takes them from here."""

    def get_user(self, user_id):
        try:
            user = _signed_in.first(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None


def _with_person(user_id):
    from zeroharm.accounts.models import User

    return User._default_manager.select_related(*User.display_related, "person__position").filter(pk=user_id)


# Every request of a signed-in user reads this: compiled once (core.compiled).
_signed_in = CompiledQuery(_with_person, ids=1)
