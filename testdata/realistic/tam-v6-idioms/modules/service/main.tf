variable "create" {
  type    = bool
  default = true
}

variable "create_task_definition" {
  type    = bool
  default = true
}

variable "task_definition_arn" {
  type    = string
  default = null
}

variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "launch_type" {
  type    = string
  default = "FARGATE"
}

variable "network_mode" {
  type    = string
  default = "awsvpc"
}

variable "cpu" {
  type    = number
  default = 256
}

variable "memory" {
  type    = number
  default = 512
}

variable "desired_count" {
  type    = number
  default = 1
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "container_definitions" {
  type    = any
  default = {}
}

variable "load_balancer" {
  type    = any
  default = {}
}

locals {
  create_task_definition = var.create && var.create_task_definition
  task_definition        = local.create_task_definition ? aws_ecs_task_definition.this[0].arn : var.task_definition_arn
}

module "container_definition" {
  source   = "../container-definition"
  for_each = { for k, v in var.container_definitions : k => v if local.create_task_definition }

  name         = try(each.value.name, each.key)
  image        = each.value.image
  essential    = try(each.value.essential, true)
  cpu          = try(each.value.cpu, null)
  memory       = try(each.value.memory, null)
  command      = try(each.value.command, null)
  environment  = try(each.value.environment, null)
  portMappings = try(each.value.portMappings, null)
}

resource "aws_ecs_task_definition" "this" {
  count = local.create_task_definition ? 1 : 0

  family                   = var.name
  network_mode             = var.network_mode
  requires_compatibilities = [var.launch_type]
  cpu                      = var.cpu
  memory                   = var.memory
  container_definitions    = jsonencode([for k, v in module.container_definition : v.container_definition])
}

resource "aws_ecs_service" "this" {
  count = var.create ? 1 : 0

  name            = var.name
  cluster         = var.cluster_arn
  task_definition = local.task_definition
  desired_count   = var.desired_count
  launch_type     = var.launch_type

  dynamic "network_configuration" {
    for_each = var.network_mode == "awsvpc" ? [1] : []
    content {
      subnets = var.subnet_ids
    }
  }

  dynamic "load_balancer" {
    for_each = var.load_balancer
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = load_balancer.value.container_name
      container_port   = load_balancer.value.container_port
    }
  }
}

output "task_definition_arn" {
  value = try(aws_ecs_task_definition.this[0].arn, null)
}

output "service_name" {
  value = try(aws_ecs_service.this[0].name, null)
}
