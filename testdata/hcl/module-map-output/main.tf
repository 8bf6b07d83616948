# `module.td.arns[each.key]`: a map output of a for_each task definition, indexed by the
# service's own key; linked to that instance from the files and from the plan alone.
module "td" {
  source   = "./td"
  families = ["a", "b"]
}
resource "aws_ecs_service" "s" {
  for_each        = toset(["a", "b"])
  name            = each.key
  task_definition = module.td.arns[each.key]
  launch_type     = "EC2"
}
