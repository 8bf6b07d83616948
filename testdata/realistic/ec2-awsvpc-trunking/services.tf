resource "aws_ecs_task_definition" "api" {
  family                   = "${local.name}-api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]

  container_definitions = templatefile("${path.module}/templates/api.json.tpl", {
    image        = "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/api:${var.api_image_tag}"
    port         = 8443
    enable_envoy = true
    env = {
      LOG_LEVEL = "info"
      REGION    = "ap-southeast-2"
    }
  })
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 12

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    weight            = 1
  }

  network_configuration {
    subnets         = values(aws_subnet.private)[*].id
    security_groups = [aws_security_group.api.id]
  }

  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.api.name}"
  min_capacity       = 12
  max_capacity       = 40
}

# RTP media relay: each task takes a contiguous block of host ports from the dynamic range.
resource "aws_ecs_task_definition" "media" {
  family       = "${local.name}-media"
  network_mode = "bridge"

  container_definitions = jsonencode([{
    name      = "relay"
    image     = "ghcr.io/acme/relay:3.1"
    essential = true
    memory    = 256
    portMappings = [
      { containerPortRange = "40000-40999", protocol = "udp" },
      { containerPort = 5060, protocol = "udp" },
    ]
  }])
}

resource "aws_ecs_service" "media" {
  name            = "media"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.media.arn
  desired_count   = 4

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    weight            = 1
  }
}

# Log router on every instance, listening on a fixed host port for the other tasks.
resource "aws_ecs_task_definition" "fluent_bit" {
  family = "${local.name}-fluent-bit"

  container_definitions = jsonencode([{
    name      = "fluent-bit"
    image     = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2"
    essential = true
    memory    = 128
    portMappings = [
      { containerPort = 24224, hostPort = 24224, protocol = "tcp" },
      { containerPort = 2020, hostPort = 2020, protocol = "tcp" },
    ]
  }])
}

resource "aws_ecs_service" "fluent_bit" {
  name                = "fluent-bit"
  cluster             = aws_ecs_cluster.this.id
  task_definition     = aws_ecs_task_definition.fluent_bit.arn
  scheduling_strategy = "DAEMON"

  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
}

# Internal admin UI in bridge mode behind Service Connect: the proxy listener takes an
# ephemeral host port per task next to the app's dynamic one.
resource "aws_service_discovery_http_namespace" "internal" {
  name = "${local.name}.internal"
}

resource "aws_ecs_task_definition" "admin" {
  family       = "${local.name}-admin"
  network_mode = "bridge"

  container_definitions = jsonencode([{
    name      = "admin"
    image     = "ghcr.io/acme/admin:5.0"
    essential = true
    memory    = 256
    portMappings = [{
      name          = "admin-http"
      containerPort = 8080
      hostPort      = 0
      appProtocol   = "http"
    }]
  }])
}

resource "aws_ecs_service" "admin" {
  name            = "admin"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.admin.arn
  desired_count   = 2

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.this.name
    weight            = 1
  }

  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.internal.arn

    service {
      port_name = "admin-http"
      client_alias {
        port = 80
      }
    }
  }
}
