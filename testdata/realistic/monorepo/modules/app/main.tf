locals {
  full_name = "${var.app.name}-${var.env}"

  sidecar_definitions = {
    xray = {
      name      = "xray-daemon"
      image     = "public.ecr.aws/xray/aws-xray-daemon:3.3.12"
      essential = false
      cpu       = 32
      memory    = 64
      portMappings = [{
        containerPort = 2000
        protocol      = "udp"
      }]
    }
  }

  app_container = {
    name      = var.app.name
    image     = var.app.image
    essential = true
    portMappings = [{
      containerPort = var.app.port
      protocol      = "tcp"
    }]
    environment = [for k in sort(keys(var.app.environment)) : { name = k, value = var.app.environment[k] }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/${local.full_name}"
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = var.app.name
      }
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = local.full_name
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_security_group" "service" {
  name   = local.full_name
  vpc_id = var.vpc_id
}

resource "aws_lb_target_group" "app" {
  name        = local.full_name
  port        = var.app.port
  protocol    = "HTTP"
  vpc_id      = var.vpc_id
  target_type = "ip"
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.full_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.app.cpu
  memory                   = var.app.memory

  container_definitions = jsonencode(concat(
    [local.app_container],
    [for s in var.app.sidecars : local.sidecar_definitions[s]],
  ))
}

resource "aws_ecs_service" "app" {
  name            = var.app.name
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = var.app.desired_count

  network_configuration {
    subnets         = var.subnet_ids
    security_groups = [aws_security_group.service.id]
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = var.app.name
    container_port   = var.app.port
  }

  depends_on = [aws_ecs_cluster_capacity_providers.this]
}

resource "aws_appautoscaling_target" "app" {
  count = var.app.max_capacity == null ? 0 : 1

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.app.name}"
  min_capacity       = coalesce(var.app.min_capacity, var.app.desired_count)
  max_capacity       = var.app.max_capacity
}
