# Orders API on EC2 in bridge mode with dynamic host ports: the app sets hostPort 0, the
# log-router sidecar omits hostPort. Several tasks can share one instance.

resource "aws_ecs_cluster" "orders" {
  name = "orders"
}

resource "aws_lb_target_group" "orders" {
  name        = "orders-api"
  port        = 8080
  protocol    = "HTTP"
  vpc_id      = aws_vpc.main.id
  target_type = "instance"
}

resource "aws_ecs_task_definition" "orders" {
  family             = "orders-api"
  network_mode       = "bridge"
  execution_role_arn = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name              = "orders"
      image             = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:3.4.1"
      essential         = true
      memoryReservation = 512
      portMappings = [
        {
          containerPort = 8080
          hostPort      = 0
          protocol      = "tcp"
        }
      ]
      environment = [
        { name = "SPRING_PROFILES_ACTIVE", value = "prod" },
        { name = "JAVA_OPTS", value = "-Xmx384m" }
      ]
    },
    {
      name              = "log-router"
      image             = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2"
      essential         = false
      memoryReservation = 64
      portMappings = [
        {
          containerPort = 24224
          protocol      = "tcp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "orders" {
  name            = "orders-api"
  cluster         = aws_ecs_cluster.orders.id
  task_definition = aws_ecs_task_definition.orders.arn
  launch_type     = "EC2"
  desired_count   = 6

  load_balancer {
    target_group_arn = aws_lb_target_group.orders.arn
    container_name   = "orders"
    container_port   = 8080
  }

  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }
}
