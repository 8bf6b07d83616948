# One ECS service with its task definition. awsvpc services get a network_configuration;
# other modes must not have one.

variable "name" {
  type = string
}

variable "cluster_id" {
  type = string
}

variable "image" {
  type = string
}

variable "launch_type" {
  type = string
}

variable "network_mode" {
  type = string
}

variable "container_port" {
  type = number
}

variable "host_port" {
  type    = number
  default = null
}

variable "desired_count" {
  type    = number
  default = 1
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "execution_role_arn" {
  type = string
}

locals {
  fargate = var.launch_type == "FARGATE"
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  network_mode             = var.network_mode
  requires_compatibilities = [var.launch_type]
  cpu                      = local.fargate ? "512" : null
  memory                   = local.fargate ? "1024" : null
  execution_role_arn       = var.execution_role_arn

  container_definitions = jsonencode([
    {
      name      = var.name
      image     = var.image
      essential = true
      cpu       = local.fargate ? null : 256
      memory    = local.fargate ? null : 512
      portMappings = [
        {
          containerPort = var.container_port
          hostPort      = var.host_port
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_id
  task_definition = aws_ecs_task_definition.this.arn
  launch_type     = var.launch_type
  desired_count   = var.desired_count

  dynamic "network_configuration" {
    for_each = var.network_mode == "awsvpc" ? [1] : []
    content {
      subnets         = var.subnet_ids
      security_groups = var.security_group_ids
    }
  }
}

output "service_name" {
  value = aws_ecs_service.this.name
}
