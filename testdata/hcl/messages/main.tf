# Messages say each thing once, and a reference Terraform rejects is an error at it.
module "m" {
  source = "./m"
}

resource "aws_ecs_service" "missing_provider" {
  name            = "missing-provider"
  task_definition = "web:1"
  capacity_provider_strategy {
    capacity_provider = "missing"
    weight            = 1
  }
}

resource "aws_ecs_service" "missing_output" {
  name            = "missing-output"
  task_definition = module.m.nope
  launch_type     = "EC2"
}
