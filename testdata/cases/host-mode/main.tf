# StatsD relay on EC2 in host network mode: the container listens on the instance's own
# port 8125/udp; hostPort is left out (ECS fills it in with the container port).

resource "aws_ecs_cluster" "metrics" {
  name = "metrics"
}

resource "aws_ecs_task_definition" "statsd" {
  family       = "statsd-relay"
  network_mode = "host"

  container_definitions = jsonencode([
    {
      name      = "statsd"
      image     = "public.ecr.aws/docker/library/statsd:0.10.2"
      essential = true
      cpu       = 128
      memory    = 256
      portMappings = [
        {
          containerPort = 8125
          protocol      = "udp"
        }
      ]
    }
  ])
}

resource "aws_ecs_service" "statsd" {
  name            = "statsd-relay"
  cluster         = aws_ecs_cluster.metrics.id
  task_definition = aws_ecs_task_definition.statsd.arn
  launch_type     = "EC2"
  desired_count   = 2

  placement_constraints {
    type = "distinctInstance"
  }
}
