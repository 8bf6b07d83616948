variable "listeners" {
  default = {
    http  = 80
    admin = 9000
  }
}

resource "aws_lb_target_group" "tg" {
  for_each    = var.listeners
  name        = "tg-${each.key}"
  port        = each.value
  protocol    = "HTTP"
  vpc_id      = "vpc-0123456789abcdef0"
  target_type = "instance"
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([for name, port in var.listeners : {
    name         = name
    image        = "web:1"
    essential    = true
    memory       = 128
    portMappings = [{ containerPort = port, hostPort = 0 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  task_definition = aws_ecs_task_definition.web.arn
  desired_count   = 2

  dynamic "load_balancer" {
    for_each = var.listeners
    content {
      target_group_arn = aws_lb_target_group.tg[load_balancer.key].arn
      container_name   = load_balancer.key
      container_port   = load_balancer.value
    }
  }
}
