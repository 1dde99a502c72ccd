from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "dangan.projects"
    label = "projects"
    verbose_name = "外包项目"
