locals {
  container_defaults = {
    cpu       = 256
    memory    = 512
    essential = true
    port      = null
    host_port = 0
  }

  container = merge(local.container_defaults, try(var.service.container, {}))

  port_mappings = local.container.port == null ? [] : [{
    name          = var.name
    containerPort = local.container.port
    hostPort      = local.container.host_port
    protocol      = lookup(local.container, "protocol", "tcp")
  }]

  load_balancers = var.target_group_arn == null ? {} : {
    (var.name) = {
      target_group_arn = var.target_group_arn
      container_port   = local.container.port
    }
  }
}

resource "aws_ecs_task_definition" "this" {
  family       = var.name
  network_mode = "bridge"

  container_definitions = jsonencode([{
    name         = var.name
    image        = local.container.image
    cpu          = local.container.cpu
    memory       = local.container.memory
    essential    = local.container.essential
    portMappings = local.port_mappings
    environment = [
      { name = "SERVICE_NAME", value = var.name },
    ]
  }])

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = try(var.service.desired_count, 1)

  deployment_minimum_healthy_percent = lookup(var.service, "min_healthy_percent", 100)
  deployment_maximum_percent         = lookup(var.service, "max_percent", 200)

  capacity_provider_strategy {
    capacity_provider = var.capacity_provider
    weight            = 1
  }

  dynamic "load_balancer" {
    for_each = local.load_balancers
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = var.name
      container_port   = load_balancer.value.container_port
    }
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  lifecycle {
    ignore_changes = [desired_count]
  }

  tags = var.tags
}
