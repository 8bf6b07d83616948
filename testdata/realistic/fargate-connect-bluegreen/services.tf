resource "aws_ecs_task_definition" "svc" {
  for_each = local.services

  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory

  container_definitions = templatefile("${path.module}/templates/container.json.tpl", {
    name   = each.key
    image  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/${each.key}:latest"
    ports  = each.value.ports
    region = "us-east-1"
  })
}

resource "aws_ecs_service" "svc" {
  for_each = local.services

  name            = each.key
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.svc[each.key].arn
  desired_count   = each.value.desired

  network_configuration {
    subnets         = aws_subnet.private[*].id
    security_groups = [aws_security_group.tasks.id]
  }

  service_connect_configuration {
    enabled = true

    dynamic "service" {
      for_each = each.value.ports
      content {
        port_name      = service.value.name
        discovery_name = service.value.name

        client_alias {
          port     = service.value.port
          dns_name = service.value.name
        }
      }
    }
  }

  dynamic "service_registries" {
    for_each = each.key == "payments" ? [aws_service_discovery_service.payments.arn] : []
    content {
      registry_arn = service_registries.value
    }
  }
}
