resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/17"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}

resource "aws_service_discovery_private_dns_namespace" "internal" {
  name = "internal.example"
  vpc  = aws_vpc.main.id
}

resource "aws_service_discovery_service" "workers" {
  name = "workers"

  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id

    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name         = "api"
    image        = "example/api:3.2"
    essential    = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

# 1,000 tasks per service with service discovery.
resource "aws_ecs_service" "workers" {
  name            = "workers"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 1200 # expect: ECS306

  network_configuration {
    subnets = [aws_subnet.a.id]
  }

  service_registries {
    registry_arn = aws_service_discovery_service.workers.arn
  }
}

# 5,000 tasks per service otherwise; auto scaling may ask for 6,000.
resource "aws_ecs_service" "crawlers" {
  name            = "crawlers"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  desired_count   = 100

  network_configuration {
    subnets = [aws_subnet.a.id]
  }
}

resource "aws_appautoscaling_target" "crawlers" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.crawlers.name}"
  min_capacity       = 100
  max_capacity       = 6000 # expect: ECS306
}
