variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "port" {
  type = number
}

variable "host_port" {
  type = number
}

module "td" {
  source    = "../taskdef"
  family    = var.name
  port      = var.port
  host_port = var.host_port
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = module.td.arn
  launch_type     = "EC2"
  desired_count   = 2
}
