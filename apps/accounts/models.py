from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connections, models
from django.utils import timezone

from apps.core.db import model_columns, row_objects


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """``get(pk=…)``, which loads the signed-in user on every request (Django's
        ModelBackend.get_user), by a query written out: compiling the ORM's cost more than
        running it. Any other lookup is the ORM's."""
        pk = kwargs.get("pk")
        if args or kwargs.keys() != {"pk"} or not (
            type(pk) is int or (type(pk) is str and pk.isascii() and pk.isdigit())
        ):
            return super().get(*args, **kwargs)
        model = self.model
        with connections[self.db].cursor() as cursor:
            cursor.execute(_user_sql(), [int(pk)])
            row = cursor.fetchone()
        if row is None:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        user = row_objects(row[:-1], model)[0]
        user.data_stamp = row[-1] or 0  # 0: none of its records changed since stamps began
        return user

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


def _user_sql() -> str:
    """The user and its data stamp (apps.accounts.stamps), read first thing in a request:
    whatever a page of the request keeps is keyed by a stamp read before its records."""
    table, pk = User._meta.db_table, User._meta.pk.column
    return (
        f"SELECT {model_columns(User, 'u')}, stamp.value FROM {table} AS u "  # noqa: S608
        f"LEFT JOIN {DataStamp._meta.db_table} AS stamp ON stamp.user_id = u.{pk} "
        f"WHERE u.{pk} = %s"
    )


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. The email address is the login: there are no usernames."""

    email = models.EmailField("email address", unique=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can sign in to the admin site (content editors, admins)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    # The data stamp read with the signed-in user (UserManager.get): None where a user was
    # loaded otherwise, and nothing may be kept for it.
    data_stamp: int | None = None

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class DataStamp(models.Model):
    """An account's data stamp (apps.accounts.stamps): written only by the database's
    triggers. No foreign key: a stamp may outlive its account for as long as the statement
    deleting that account's records runs."""

    user_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.user_id}: {self.value}"
