variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "task_definition" {
  type = string
}

resource "aws_ecs_service" "this" {
  count           = 1
  name            = var.name
  cluster         = var.cluster_id
  task_definition = var.task_definition
  desired_count   = 1

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }
}
