# A small ECS setup: a cluster, a task definition whose container_definitions is
# jsonencode(...) of an unknown image, a service with a load balancer, and the same service
# shape inside a module called with for_each.

variable "image_tag" {
  type    = string
  default = "1.2.3"
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_lb_target_group" "web" {
  name        = "web"
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "web"
    image     = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
    essential = true
    portMappings = [{
      containerPort = 8080
      hostPort      = 8080
      protocol      = "tcp"
    }]
  }])
}

resource "aws_ecs_task_definition" "static" {
  family       = "static"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name      = "web"
    image     = "nginx:1.27"
    essential = true
    memory    = 128
    portMappings = [{
      containerPort = 80
      hostPort      = 80
    }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = [aws_subnet.a.id]
    security_groups = []
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8080
  }
}

module "svc" {
  source   = "./modules/svc"
  for_each = toset(["blue", "green"])

  name            = each.key
  cluster_id      = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.static.arn
}
