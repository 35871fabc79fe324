from allauth.account.forms import ResetPasswordForm
from django import forms


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


class NonEnumeratingResetPasswordForm(ResetPasswordForm):
    """The same answer whether or not the address has an account: nobody learns who signed
    up. An unknown address gets an email saying there is no account (allauth's own)."""

    def clean_email(self) -> str:
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if not any(e.code == "unknown_email" for e in error.error_list):
                raise
            self.users = []
            return self.cleaned_data["email"]
