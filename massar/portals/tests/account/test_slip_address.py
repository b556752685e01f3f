"""The temporary-password slip an administration prints in Arabic gives the sign-in address of the server the
school uses (in the demo: its port included), isolated left to right so that it prints readable, whole."""

import re

from django.urls import reverse


def test_the_arabic_slip_prints_the_servers_sign_in_address_left_to_right(client, world, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    client.force_login(world.accounts["school_admin"])
    student = world.accounts["student"]
    slip = client.post(reverse("accounts:temporary_password", args=[student.pk]))
    assert slip.status_code == 200
    body = slip.content.decode()
    assert 'lang="ar"' in body and 'dir="rtl"' in body
    address = f"http://127.0.0.1:8123{reverse(settings.LOGIN_URL)}"
    assert f'ادخل إلى <bdi dir="ltr">{address}</bdi>.' in body
    # The address appears nowhere outside its isolation.
    assert len(re.findall(re.escape(address), body)) == len(re.findall(rf'<bdi dir="ltr">{re.escape(address)}', body))
