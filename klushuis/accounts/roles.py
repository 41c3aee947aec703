"""The staff roles: Django groups with permissions, created and extended by migrations.

Code checks permissions (`user.has_perm("properties.change_property")`), never a group's name;
the groups only bundle permissions for administrators to hand out. Each app's migration that
adds models grants its permissions with `grant`, so the roles grow with the portal.
"""

from django.contrib.auth.management import create_permissions

MUNICIPAL_STAFF = "Gemeentelijk medewerker"
BUREAU_SALES_STAFF = "Verkoopmedewerker adviesbureau"
AUDITOR = "Auditor (alleen lezen)"
# Enters the public value at the draw; sees no seed and no personal data.
NOTARY = "Notaris of getuige"
# Scores renovation plans in rounds assessed by plan quality; sees plans by reference only.
JUROR = "Jurylid"

# Runs klushuur for a housing corporation: catalogue, offers, allocation, inspection, changes.
CORPORATION_STAFF = "Klushuurmedewerker woningcorporatie"

ALL_ROLES = [MUNICIPAL_STAFF, BUREAU_SALES_STAFF, AUDITOR, NOTARY, JUROR, CORPORATION_STAFF]


def grant(apps, role_permissions: dict[str, list[str]]) -> None:
    """Give each role (group name) the permissions named "app_label.codename".

    For use in data migrations: creates the groups and any permission rows not yet created
    (Django only creates them after all migrations have run).
    """
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)
