provider "aws" {
  region = "eu-west-1"
}

variable "override_task_definition" {
  type    = string
  default = null
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "private" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
}

resource "aws_ecs_cluster" "main" {
  name = "idioms"
}

resource "aws_ecr_repository" "api" {
  name = "api"
}

resource "aws_lb_target_group" "api" {
  name        = "api"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id
}

locals {
  services = {
    api = {
      desired_count = 2
      load_balancer = {
        service = {
          target_group_arn = aws_lb_target_group.api.arn
          container_name   = "api"
          container_port   = 8080
        }
      }
      containers = {
        api = {
          # Known only after apply: Terraform blanks the whole container_definitions in
          # the plan, while the ports stay literal here.
          image        = "${aws_ecr_repository.api.repository_url}:v1"
          portMappings = [{ containerPort = 8080, name = "http" }]
          environment  = [{ name = "MODE", value = "api" }]
        }
      }
    }
    worker = {
      desired_count = 1
      load_balancer = {}
      containers = {
        worker = {
          image   = "public.ecr.aws/docker/library/busybox:1.36"
          command = ["sh", "-c", "sleep 3600"]
        }
      }
    }
  }
}

module "service" {
  source   = "./modules/service"
  for_each = local.services

  name                  = each.key
  cluster_arn           = aws_ecs_cluster.main.arn
  desired_count         = each.value.desired_count
  subnet_ids            = aws_subnet.private[*].id
  container_definitions = each.value.containers
  load_balancer         = each.value.load_balancer
}

module "td" {
  source   = "./modules/task-only"
  for_each = { blue = 80, green = 81 }

  family = "web-${each.key}"
  port   = each.value
}

resource "aws_ecs_service" "by_key" {
  for_each = module.td

  name            = "web-${each.key}"
  cluster         = aws_ecs_cluster.main.arn
  task_definition = module.td[each.key].arn
  desired_count   = 1
  launch_type     = "EC2"
}

resource "aws_ecs_task_definition" "direct" {
  family       = "node-exporter"
  network_mode = "host"
  container_definitions = jsonencode([{
    name         = "node-exporter"
    image        = "quay.io/prometheus/node-exporter:v1.8.2"
    essential    = true
    memory       = 128
    portMappings = [{ containerPort = 9100, hostPort = 9100 }]
  }])
}

resource "aws_ecs_service" "fallback" {
  name                = "node-exporter"
  cluster             = aws_ecs_cluster.main.arn
  task_definition     = coalesce(var.override_task_definition, aws_ecs_task_definition.direct.arn)
  scheduling_strategy = "DAEMON"
  launch_type         = "EC2"
}
