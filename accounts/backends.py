from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    """Django's model permissions, which only the admin site uses, for staff only.

    Everything else in the portal asks `rules` (the first backend). Without this, every page that
    checks a rule a signed-in resident does not pass would also load that resident's model
    permissions: two queries that can only ever answer no.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if user_obj.is_staff else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if user_obj.is_staff else set()
