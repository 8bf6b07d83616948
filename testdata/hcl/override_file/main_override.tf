resource "aws_ecs_task_definition" "api" {
  network_mode = "awsvpc"
}

resource "aws_ecs_service" "api" {
  desired_count = 4

  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }
}
