# Near misses: the container port is mapped, directly or by a range.
resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.main.id
}

resource "aws_ecs_task_definition" "web" {
  family       = "web"
  network_mode = "bridge"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "example/web:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPort = 8080, hostPort = 80 }]
  }])
}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.web.arn
  launch_type     = "EC2"
  desired_count   = 2
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "web"
    container_port   = 8080
  }
}

resource "aws_lb_target_group" "media" {
  name        = "media"
  port        = 8080
  protocol    = "HTTP"
  vpc_id      = aws_vpc.main.id
  target_type = "ip"
}

resource "aws_ecs_task_definition" "media" {
  family       = "media"
  network_mode = "awsvpc"
  container_definitions = jsonencode([{
    name         = "media"
    image        = "example/media:1"
    memory       = 512
    essential    = true
    portMappings = [{ containerPortRange = "8000-8100" }]
  }])
}

resource "aws_ecs_service" "media" {
  name            = "media"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.media.arn
  launch_type     = "EC2"
  desired_count   = 2
  network_configuration {
    subnets = [aws_subnet.a.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.media.arn
    container_name   = "media"
    container_port   = 8080
  }
}
