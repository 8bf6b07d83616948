# The inventory service after its move from bridge (dynamic host port) to awsvpc. The network
# comes from the platform stack through variables. plan.json is this root's real plan, edited
# by hand into the update it produces against the bridge version in prior state (see README).

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-0aa11bb22cc33dd44", "subnet-0ee55ff66aa77bb88"]
}

variable "security_group_id" {
  type    = string
  default = "sg-0123456789abcdef0"
}

resource "aws_ecs_cluster" "core" {
  name = "core"
}

resource "aws_ecs_task_definition" "inventory" {
  family       = "inventory"
  network_mode = "awsvpc"

  container_definitions = jsonencode([
    {
      name      = "inventory"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/inventory:8.1.0"
      essential = true
      cpu       = 256
      memory    = 512
      portMappings = [
        {
          containerPort = 8080
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "inventory" {
  name            = "inventory"
  cluster         = aws_ecs_cluster.core.id
  task_definition = aws_ecs_task_definition.inventory.arn
  launch_type     = "EC2"
  desired_count   = 3

  network_configuration {
    subnets         = var.subnet_ids
    security_groups = [var.security_group_id]
  }
}
