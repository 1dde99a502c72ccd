from .project import Project, ProjectStaffAssignment, ProjectStatus

__all__ = ["Project", "ProjectStaffAssignment", "ProjectStatus"]
