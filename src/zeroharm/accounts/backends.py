from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Django's password backend, loading the signed-in user with what their name is shown with (person and
    unit, User.display_related) in the same query: every page names the user in its header. Their post too: a
    briefing sign-in (the shift-start peak) judges clearance on the person, unit and post, and takes them from here."""

    def get_user(self, user_id):
        from zeroharm.accounts.models import User

        try:
            user = User._default_manager.select_related(*User.display_related, "person__position").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
